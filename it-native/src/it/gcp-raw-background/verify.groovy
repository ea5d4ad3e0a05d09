// Fires the scheduled function through the local control API, waits for the function's own log line, checks the
// packages built for AWS and Azure, and stops the runtime.
def local = new GroovyShell(this.binding).evaluate(new File(basedir, '../../../src/it/lib/gcp-local.groovy'))
local.verify('nightly-report') {
    def fired = java.time.Instant.now()
    assert local.http('POST', '/_faas/functions/nightly-report/fire')[0] == 202
    // the tick of this run: its time (the event's timestamp) is not before the fire
    def line = local.waitForLog('nightly-report', { String l ->
        def m = l =~ /Nightly report at (\S+) /
        m.find() && !java.time.Instant.parse(m.group(1)).isBefore(fired.minusSeconds(1))
    })
    assert line.contains('(google.pubsub.topic.publish), scheduler payload {"expression":"cron(0 3 * * ? *)"}') : line
    line
}
