def rt = evaluate(new File(basedir, '../../../src/it/LocalRuntime.groovy'))
rt.since('timer-trigger-java')
try {
    // discovered from @TimerTrigger(schedule = "0 */5 * * * *"), converted to the neutral schedule
    def manifest = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/faas/manifest.json'))
    assert groovy.json.JsonOutput.toJson(manifest).contains('cron(0/5 * * * ? *)') : 'the schedule was not converted'
    assert rt.http('POST', '/_faas/functions/timer-trigger-java/fire')[0] == 202
    rt.waitForLog('timer-trigger-java', 'Java Timer trigger function executed at: ')
    assert rt.logOf('timer-trigger-java').contains('"IsPastDue":false')
    assert rt.packagedForOtherVendors(['timer-trigger-java'])
} finally {
    rt.stop()
}
return true
