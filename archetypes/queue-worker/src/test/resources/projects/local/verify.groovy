// Built, unit-tested, checked and deployed to the local provider, then given a batch through faas:invoke: one order
// recorded, one failing message that fails the batch with its id. Here: the same through the local queue 'orders'
// (a good message is consumed, a bad one ends in 'orders-dlq' after maxAttempts), then the runtime is always stopped.
def projectDir = binding.hasVariable('projectDir') ? binding.getVariable('projectDir') : context.projectDir
def runtime = new GroovyShell(getClass().classLoader).parse(new File(projectDir, '../../../LocalRuntimeIt.groovy'))
def home = runtime.home(projectDir)

def send = { String base, String body ->
    def c = new URL("${base}/orders").openConnection()
    c.requestMethod = 'POST'
    c.doOutput = true
    c.setRequestProperty('content-type', 'application/json')
    c.outputStream.withCloseable { it.write(body.getBytes('UTF-8')) }
    assert c.responseCode == 202 : "sending to queue orders answered ${c.responseCode}"
    c.inputStream.text
}
def inspect = { String base, String queue -> new URL("${base}/${queue}").text }
def waitFor = { String what, Closure<Boolean> done ->
    long deadline = System.currentTimeMillis() + 60_000
    while (!done()) {
        assert System.currentTimeMillis() < deadline : "timed out waiting for ${what}"
        Thread.sleep(200)
    }
}

try {
    def log = new File(projectDir, 'build.log').text
    assert new File(projectDir, '.gitignore').text.contains('target/')
    assert !new File(projectDir, 'gitignore').exists() : 'the post-generate script did not give gitignore its dot'
    assert log.contains('Tests run: 4, Failures: 0, Errors: 0') : 'the generated unit tests did not all run'
    assert log.contains('faas-maven-plugin:0.1.0-SNAPSHOT:check') : 'mvn verify did not run faas:check'
    assert log.contains('answered HTTP 5') : 'the failing batch did not fail'
    def answer = new File(projectDir, 'target/batch.json').text
    assert answer.contains("BatchFailedException: 1 message(s) failed: {m-2=field 'quantity' of order o-2 is 0") : "the batch answered: ${answer}"

    def port = runtime.port(home)
    def base = "http://127.0.0.1:${port}/_queues"

    send(base, '{"orderId":"o-10","sku":"tea","quantity":3}')
    waitFor('queue orders to be consumed') {
        def q = inspect(base, 'orders')
        q.contains('"depth":0') && q.contains('"batchesInFlight":0')
    }
    assert inspect(base, 'orders').contains('order-worker') : 'the worker is not subscribed to queue orders'
    assert !inspect(base, 'orders-dlq').contains('o-10') : 'the good order was dead-lettered'

    send(base, '{"orderId":"o-11","sku":"tea","quantity":0}')
    waitFor('the bad order in queue orders-dlq') { inspect(base, 'orders-dlq').contains('"depth":1') }
    def dead = inspect(base, 'orders-dlq')
    assert dead.contains('o-11') : "orders-dlq holds: ${dead}"
} finally {
    runtime.stopRuntime(home, projectDir)
}
return true

