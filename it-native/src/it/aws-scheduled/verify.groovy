// The EventBridge handler on the local provider: a tick fired by hand arrives as a ScheduledEvent.
evaluate(new File(basedir, '../../../src/it/helpers/aws.groovy'))
try {
    def ticks = { logs('nightly').count { it =~ /Scheduled Event from aws\.events at \d{4}-\d\d-\d\dT.* request \S+/ } }
    int before = ticks() // the IT home outlives runs
    assert http('POST', '/_faas/functions/nightly/fire')[0] == 202
    waitFor('the scheduled event log line') { ticks() > before }
    packagedForTheOtherVendors()
} finally {
    shutdown()
}
return true
