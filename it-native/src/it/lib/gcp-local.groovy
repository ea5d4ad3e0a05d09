// What the Google projects' verify.groovy scripts share: HTTP to the local runtime of the IT's home (port and token
// from daemon.json and token), waiting for a function's own log line, the packages built for the other vendors.
// Evaluated with the caller's binding (basedir); returns a map of closures.
import groovy.json.JsonSlurper

def home = new File(basedir, '../../faas-local-home').canonicalFile // faas.local.home from it-native/pom.xml
def daemon = new JsonSlurper().parse(new File(home, 'daemon.json'))
def base = "http://127.0.0.1:${daemon.port}"
def token = new File(home, 'token').text.trim()

def http = { String method, String path, String body = null ->
    def c = (HttpURLConnection) new URL(base + path).openConnection()
    c.requestMethod = method
    c.connectTimeout = 10_000
    c.readTimeout = 30_000
    if (path.startsWith('/_faas/')) c.setRequestProperty('Authorization', 'Bearer ' + token)
    if (body != null) { c.doOutput = true; c.outputStream.withStream { it << body.getBytes('UTF-8') } }
    def code = c.responseCode
    def text = (code < 400 ? c.inputStream : c.errorStream)?.getText('UTF-8')
    [code, text]
}
def logs = { String function ->
    def r = http('GET', "/_faas/functions/${function}/logs?lines=200")
    assert r[0] == 200 : "logs of ${function}: ${r}"
    new JsonSlurper().parseText(r[1]).lines
}
// faas:package -Dfaas.provider=aws,azure wrote a package of the function for each
def assertPackages = { String function ->
    ['aws', 'azure'].each { vendor ->
        def dir = new File(basedir, "target/faas/${vendor}")
        def files = []
        if (dir.exists()) dir.eachFileRecurse { if (it.isFile() && it.length() > 0) files << it.path }
        assert files.any { it.endsWith('.zip') } : "no ${vendor} package of ${function} under ${dir}: ${files}"
    }
}
[
    http: http,
    logs: logs,
    // @return the first log line of the function that contains the text (or matches the closure), waiting up to a
    // minute for it; the runtime home outlives a run, so callers look for what only this run can have written
    waitForLog: { String function, Object wanted ->
        def matches = wanted instanceof Closure ? wanted : { String l -> l.contains(wanted) }
        long deadline = System.currentTimeMillis() + 60_000
        while (true) {
            def line = logs(function).find(matches)
            if (line != null) return line
            assert System.currentTimeMillis() < deadline : "no log line of ${function} has '${wanted}': ${logs(function)}"
            Thread.sleep(200)
        }
    },
    // a name no earlier run used
    unique: { String prefix -> prefix + '-' + Long.toString(System.nanoTime(), 36) },
    // runs the checks of one function (the closure returns the log line it found), then the packages'; always stops
    // the runtime
    verify: { String function, Closure checks ->
        try {
            println "${function} logged: ${checks()}"
            assertPackages(function)
        } finally {
            http('POST', '/_faas/shutdown')
        }
        true
    }
]
