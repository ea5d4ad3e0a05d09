import groovy.json.JsonSlurper

def rt = evaluate(new File(basedir, '../../../src/it/LocalRuntime.groovy'))
rt.since('process-order')
try {
    // the discovered trigger's queue has a message; the outputs go to the local queue and bucket after the function returns
    def sent = new JsonSlurper().parseText(rt.http('POST', '/_queues/cake-orders', "${rt.nonce} cakes")[1])
    rt.waitForLog('process-order', "Processing order: ${rt.nonce} cakes")
    rt.waitFor('the receipt blob') { rt.http('GET', "/_buckets/receipts/${sent.id}.txt")[0] == 200 }
    assert rt.http('GET', "/_buckets/receipts/${sent.id}.txt")[1] == "receipt for ${rt.nonce} cakes".toString()
    def shipments = new JsonSlurper().parseText(rt.http('GET', '/_queues/shipments')[1])
    assert groovy.json.JsonOutput.toJson(shipments).contains("ship ${rt.nonce} cakes") : "shipments: ${shipments}"
    assert rt.packagedForOtherVendors(['process-order'])
} finally {
    rt.stop()
}
return true
