// Publishes a message to the local queue the function is deployed on, waits for the function's own log line, checks
// the packages built for AWS and Azure, and stops the runtime.
def local = new GroovyShell(this.binding).evaluate(new File(basedir, '../../../src/it/lib/gcp-local.groovy'))
local.verify('hello-pubsub') {
    def name = local.unique('Grace')
    assert local.http('POST', '/_queues/greetings', name)[0] == 202
    def line = local.waitForLog('hello-pubsub', "Hello ${name}!")
    assert line.contains('google.pubsub.topic.publish') : line
    line
}
