// Shared by the aws-* projects' verify.groovy: the local runtime of the IT home (faas.local.home in it-native/pom.xml;
// basedir is target/it/<project>), its HTTP front, the functions' own log lines and a wait with a deadline.
import groovy.json.JsonSlurper

def home = new File(basedir, '../../faas-local-home').canonicalFile
def daemon = new JsonSlurper().parse(new File(home, 'daemon.json'))
def base = "http://127.0.0.1:${daemon.port}"
def token = new File(home, 'token').text.trim()

http = { String method, String path, String body = null ->
    def c = (HttpURLConnection) new URL(base + path).openConnection()
    c.connectTimeout = 10_000
    c.readTimeout = 30_000
    c.requestMethod = method
    if (path.startsWith('/_faas/')) c.setRequestProperty('Authorization', 'Bearer ' + token)
    if (body != null) {
        c.doOutput = true
        c.setRequestProperty('Content-Type', 'application/json')
        c.outputStream.withStream { it << body.getBytes('UTF-8') }
    }
    def code = c.responseCode
    def text = (code < 400 ? c.inputStream : c.errorStream)?.getText('UTF-8')
    [code, text]
}
logs = { String function -> new JsonSlurper().parseText(http('GET', "/_faas/functions/${function}/logs?lines=500")[1]).lines }
waitFor = { String what, Closure<Boolean> done ->
    long deadline = System.currentTimeMillis() + 60_000
    while (!done()) {
        assert System.currentTimeMillis() < deadline : "timed out waiting for ${what}"
        Thread.sleep(100)
    }
}
// faas:package -Dfaas.provider=azure,gcp ran: one package per other vendor
packagedForTheOtherVendors = {
    ['azure', 'gcp'].each { p ->
        def dir = new File(basedir, "target/faas/${p}")
        assert dir.isDirectory() && dir.listFiles().any { it.name.endsWith('.zip') } : "no ${p} package in ${dir}"
    }
}
shutdown = { http('POST', '/_faas/shutdown') }
return this
