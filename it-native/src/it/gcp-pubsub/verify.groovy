// Publishes a message to the local queue the function is deployed on, waits for the function's own log line, checks
// the packages built for AWS and Azure, and stops the runtime.
def local = new GroovyShell(this.binding).evaluate(new File(basedir, '../../../src/it/lib/gcp-local.groovy'))
local.verify('subscribe-to-topic') {
    def name = local.unique('Ada')
    assert local.http('POST', '/_queues/my-topic', name)[0] == 202
    def line = local.waitForLog('subscribe-to-topic', "Hello, ${name}!")
    // the topic's project is GOOGLE_CLOUD_PROJECT, which the local runtime gives workers (faasport-local)
    assert line.contains('on //pubsub.googleapis.com/projects/faasport-local/topics/my-topic') : line
    line
}
