// The SNS handler on the local provider: a message on its queue trigger arrives as an SNS record.
evaluate(new File(basedir, '../../../src/it/helpers/aws.groovy'))
try {
    def run = Long.toString(System.currentTimeMillis(), 36) // the IT home outlives runs
    assert http('POST', '/_queues/news', "Hello subscribers ${run}".toString())[0] == 202
    waitFor('the SNS log line') { logs('news').any { it =~ /SNS aws:sns message Hello subscribers ${run} from arn:aws:sns:[a-z0-9-]+::news at \d{4}-\d\d-\d\dT/ } }
    packagedForTheOtherVendors()
} finally {
    shutdown()
}
return true
