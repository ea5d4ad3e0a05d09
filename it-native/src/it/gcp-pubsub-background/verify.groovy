// Publishes a message to the local queue the function is deployed on, waits for the function's own log line, checks
// the packages built for AWS and Azure, and always stops the runtime.
def local = new GroovyShell(this.binding).evaluate(new File(basedir, '../../../src/it/lib/gcp-local.groovy'))
try {
    def name = local.unique('Grace')
    assert local.http('POST', '/_queues/greetings', name)[0] == 202
    def line = local.waitForLog('hello-pubsub', "Hello ${name}!")
    println "hello-pubsub logged: ${line}"
    assert line.contains('google.pubsub.topic.publish') : line
    local.assertPackages('hello-pubsub')
} finally {
    local.shutdown()
}
return true
