def rt = evaluate(new File(basedir, '../../../src/it/LocalRuntime.groovy'))
rt.since('queue-trigger-java')
try {
    // discovered from @FunctionName("QueueTriggerJava") and @QueueTrigger(queueName = "myqueue-items"), nothing declared
    assert rt.http('POST', '/_queues/myqueue-items', "hello ${rt.nonce}")[0] == 202
    rt.waitForLog('queue-trigger-java', "Java Queue trigger function processed a message: hello ${rt.nonce} (id ")
    assert rt.logOf('queue-trigger-java') =~ /processed a message: hello ${rt.nonce} \(id [0-9a-f-]+, dequeue count 1\)/
    assert rt.packagedForOtherVendors(['queue-trigger-java'])
} finally {
    rt.stop()
}
return true
