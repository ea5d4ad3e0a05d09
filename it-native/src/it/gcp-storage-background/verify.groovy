// Writes an object into the local bucket the function watches, waits for the function's own log line, checks the
// packages built for AWS and Azure, and stops the runtime.
def local = new GroovyShell(this.binding).evaluate(new File(basedir, '../../../src/it/lib/gcp-local.groovy'))
local.verify('hello-gcs') {
    def key = "reports/${local.unique('cat')}.txt"
    assert local.http('PUT', "/_buckets/my-bucket/${key}", 'a small cat')[0] in [200, 201, 204]
    def line = local.waitForLog('hello-gcs', "file ${key} in bucket my-bucket")
    assert line.contains('of type google.storage.object.finalize') && line.contains('metageneration 1') : line
    line
}
