def rt = evaluate(new File(basedir, '../../../src/it/LocalRuntime.groovy'))
rt.since('blob-trigger-java')
try {
    // discovered from @BlobTrigger(path = "samples-workitems/{name}"): the container is the bucket
    assert rt.http('PUT', "/_buckets/samples-workitems/reports/${rt.nonce}.txt", 'twelve bytes')[0] == 200
    rt.waitForLog('blob-trigger-java', "Java Blob trigger function processed a blob. Name: reports/${rt.nonce}.txt")
    assert rt.logOf('blob-trigger-java').contains('Size: 12 Bytes')
    assert rt.packagedForOtherVendors(['blob-trigger-java'])
} finally {
    rt.stop()
}
return true
