def rt = evaluate(new File(basedir, '../../../src/it/LocalRuntime.groovy'))
try {
    // discovered from @FunctionName("QueueTriggerJava") and @QueueTrigger(queueName = "myqueue-items"), nothing declared
    assert rt.http('POST', '/_queues/myqueue-items', 'hello from the queue')[0] == 202
    rt.waitForLog('queue-trigger-java', 'Java Queue trigger function processed a message: hello from the queue (id ')
    assert rt.logOf('queue-trigger-java') =~ /processed a message: hello from the queue \(id [0-9a-f-]+, dequeue count 1\)/
    assert rt.packagedForOtherVendors(['queue-trigger-java'])
} finally {
    rt.stop()
}
return true
