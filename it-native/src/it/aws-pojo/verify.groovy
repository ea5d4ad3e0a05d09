// POJO, stream and Map handlers on the local provider, invoked with JSON.
evaluate(new File(basedir, '../../../src/it/helpers/aws.groovy'))
try {
    def greeting = new File(basedir, 'target/greet.json').text
    assert new groovy.json.JsonSlurper().parseText(greeting) == [message: 'Hello Ada, you are 36'] : greeting
    assert logs('greet').any { it.contains('greeting Ada') }
    def tally = http('POST', '/fn/tally/', '[1,2,3]')
    assert tally[0] == 200 && new groovy.json.JsonSlurper().parseText(tally[1]) == [bytes: 7] : tally
    def run = 'run' + Long.toString(System.currentTimeMillis(), 36) // the IT home outlives runs
    def basic = http('POST', '/fn/basic/', '{"key1":"value1","' + run + '":"value2"}')
    assert basic[0] == 200 && basic[1] == '"200 OK value1"' : basic
    assert logs('basic').any { it.contains("keys [key1, ${run}]") }
    packagedForTheOtherVendors()
} finally {
    shutdown()
}
return true
