// Reads the local runtime's port and token from the IT's runtime home, sends queue messages over HTTP, and checks the
// objects the three functions wrote into the local buckets. Always stops the runtime at the end.
import groovy.json.JsonSlurper

// faas.local.home from it/pom.xml: the it module's target/faas-local-home (basedir is target/it/<project>)
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
try {
    // queue: three orders, accepted once on disk (202), processed in one or more batches
    (1..3).each { assert http('POST', '/_queues/orders', "order-${it}")[0] == 202 }
    waitFor('three processed orders') { http('GET', '/_buckets/results/orders-done/order-3')[0] == 200 &&
            http('GET', '/_buckets/results/orders-done/order-1')[0] == 200 && http('GET', '/_buckets/results/orders-done/order-2')[0] == 200 }

    // storage: faas:upload of in/cat.txt made the thumbnail function write thumbs/in/cat.txt.thumb
    waitFor('the thumbnail') { http('GET', '/_buckets/thumbs/in/cat.txt.thumb')[0] == 200 }
    assert http('GET', '/_buckets/thumbs/in/cat.txt.thumb')[1] == 'thumb of in/cat.txt 25'
    assert http('GET', '/_buckets/uploads/in/cat.txt')[1] == 'a small picture of a cat\n'

    // schedule: faas:invoke fired the nightly job by hand; the control API fires it too
    assert http('GET', '/_buckets/results/ticks/manual')[0] == 200
    assert http('POST', '/_faas/functions/nightly/fire')[0] == 202

    // bad input: a key escaping the bucket, an oversized message
    assert http('PUT', '/_buckets/uploads/%2e%2e/escape.txt', 'x')[0] == 400
    assert http('POST', '/_queues/orders', 'x' * (256 * 1024 + 1))[0] == 413

    // metrics over the control API, and what faas:info and faas:cost printed
    def metrics = new JsonSlurper().parseText(http('GET', '/_faas/metrics')[1])
    assert metrics.functions['order-worker'].invocations >= 1
    assert metrics.functions['thumbnail'].duration.count >= 1
    def log = new File(basedir, 'build.log').text
    assert log.contains('retryPolicy=') : 'faas:info showed no retry policy'
    assert log.contains('durationP99Ms=') : 'faas:info showed no duration percentiles'
    assert log.contains('AWS Lambda') && log.contains('2nd gen') : 'faas:cost printed no estimate'
    def cost = new JsonSlurper().parse(new File(basedir, 'target/faas/cost.json'))
    assert cost.estimates.size() == 6
} finally {
    http('POST', '/_faas/shutdown')
}
return true
