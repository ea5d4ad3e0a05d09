// The SQS handler on the local provider: a poison message among good ones is retried and dead-lettered alone (its
// SQSBatchResponse names it), the good ones are processed once. Bodies carry this run's id: the IT home outlives runs.
evaluate(new File(basedir, '../../../src/it/helpers/aws.groovy'))
try {
    def run = Long.toString(System.currentTimeMillis(), 36)
    // one worker at a time: while the first message is handled the next three wait and usually form one batch
    ["warm-0-${run}", "order-1-${run}", "poison-2-${run}", "order-3-${run}"].each {
        assert http('POST', '/_queues/orders', it.toString())[0] == 202
    }
    waitFor('the dead-lettered poison message') { http('GET', '/_queues/orders-dlq')[1]?.contains("poison-2-${run}") }
    waitFor('the good messages') { logs('orders').count { it.contains("processed order-") && it.contains(run) } == 2 }
    def dlq = http('GET', '/_queues/orders-dlq')[1]
    assert !dlq.contains("order-1-${run}") && !dlq.contains("order-3-${run}") : dlq
    def lines = logs('orders').findAll { it.contains(run) }
    assert lines.count { it.contains("processed order-1-${run} receive count 1") } == 1 : lines.join('\n')
    assert lines.count { it.contains("processed order-3-${run} receive count 1") } == 1 : lines.join('\n')
    assert lines.count { it.contains("failed poison-2-${run}") } == 2 : lines.join('\n') // maxAttempts 2
    assert logs('orders').any { it =~ /received \d+ messages from arn:aws:sqs:[a-z0-9-]+::orders/ }
    packagedForTheOtherVendors()
} finally {
    shutdown()
}
return true
