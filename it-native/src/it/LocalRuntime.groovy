// Shared by the vendor-native projects' verify.groovy (evaluated with their basedir bound): the local runtime the
// project deployed to (faas.local.home from it-native/pom.xml), HTTP calls to it, waits for a function's own log line.
import groovy.json.JsonSlurper

def home = new File(basedir, '../../faas-local-home').canonicalFile
def daemon = new JsonSlurper().parse(new File(home, 'daemon.json'))
def base = "http://127.0.0.1:${daemon.port}"
def token = new File(home, 'token').text.trim()

def http = { String method, String path, String body = null ->
    def c = (HttpURLConnection) new URL(base + path).openConnection()
    c.requestMethod = method
    if (path.startsWith('/_faas/')) c.setRequestProperty('Authorization', 'Bearer ' + token)
    if (body != null) { c.doOutput = true; c.outputStream.withStream { it << body.getBytes('UTF-8') } }
    def code = c.responseCode
    def text = (code < 400 ? c.inputStream : c.errorStream)?.getText('UTF-8')
    [code, text]
}
def waitFor = { String what, Closure<Boolean> done ->
    long deadline = System.currentTimeMillis() + 60_000
    while (!done()) {
        assert System.currentTimeMillis() < deadline : "timed out waiting for ${what}"
        Thread.sleep(100)
    }
}
// the runtime's home outlives a run (target/ is not cleaned between local runs): only lines written by this run count
def logFile = { String function -> new File(home, "logs/${function}.log") }
def startOf = [:].withDefault { String function -> logFile(function).exists() ? logFile(function).getText('UTF-8').length() : 0 }
def logOf = { String function ->
    long from = startOf[function]
    def f = logFile(function)
    def text = f.exists() ? f.getText('UTF-8') : ''
    text.length() >= from ? text.substring((int) from) : text
}
def waitForLog = { String function, String line -> waitFor("'${line}' in ${function}'s log") { logOf(function).contains(line) } }
// unique per run, for payloads and keys
def nonce = Long.toString(System.nanoTime(), 36)
// faas:package for the two other vendors (build 1, faas.provider=aws,gcp): every function has its archive
def packagedForOtherVendors = { List<String> functions ->
    def manifest = new JsonSlurper().parse(new File(basedir, 'target/faas/manifest.json'))
    ['aws', 'gcp'].each { provider ->
        def names = manifest.providers[provider].units.collectMany { u -> u.functions.collect { it.name } }
        assert names.containsAll(functions) : "${provider} packages: ${names}"
        functions.each { assert new File(basedir, "target/faas/${provider}/${it}.zip").isFile() : "no ${provider} package of ${it}" }
    }
    true
}
def stop = { http('POST', '/_faas/shutdown') }
[http: http, waitFor: waitFor, logOf: logOf, waitForLog: waitForLog, packagedForOtherVendors: packagedForOtherVendors,
 stop: stop, nonce: nonce, since: { String function -> startOf[function] }]
