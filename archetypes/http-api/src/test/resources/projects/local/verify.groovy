// Built, unit-tested, checked, deployed to the local provider, and an item created with faas:invoke (POST /).
// Here: the other routes through the local gateway over HTTP, then the runtime is always stopped.
def projectDir = binding.hasVariable('projectDir') ? binding.getVariable('projectDir') : context.projectDir
def runtime = new GroovyShell(getClass().classLoader).parse(new File(projectDir, '../../../LocalRuntimeIt.groovy'))
def home = runtime.home(projectDir)

def call = { String method, String url ->
    def c = new URL(url).openConnection()
    c.requestMethod = method
    def body = (c.responseCode < 400 ? c.inputStream : c.errorStream)?.text ?: ''
    [c.responseCode, c.getHeaderField('content-type'), body]
}

try {
    def log = new File(projectDir, 'build.log').text
    assert new File(projectDir, '.gitignore').text.contains('target/')
    assert !new File(projectDir, 'gitignore').exists() : 'the post-generate script did not give gitignore its dot'
    assert log.contains('Tests run: 6, Failures: 0, Errors: 0') : 'the generated unit tests did not all run'
    assert log.contains('faas-maven-plugin:0.1.0-SNAPSHOT:check') : 'mvn verify did not run faas:check'
    def url = (log =~ /(http:\/\/127\.0\.0\.1:\d+\/fn\/items)\b/)
    assert url.find() : 'faas:deploy printed no URL for the function'
    def base = url.group(1)
    assert log.contains('answered HTTP 201') : 'POST / did not create an item'
    def created = new File(projectDir, 'target/created.json').text
    assert created == '{"id":"1","name":"tea","quantity":2}' : "POST / answered: ${created}"

    def (listStatus, listType, list) = call('GET', "${base}/")
    assert listStatus == 200 && listType == 'application/json' && list.startsWith('{"items":[') : "GET / answered ${listStatus} ${list}"
    def (missingStatus, missingType, missing) = call('GET', "${base}/42")
    assert missingStatus == 404 && missing.contains("No item with id '42'") : "GET /42 answered ${missingStatus} ${missing}"
    def (deleteStatus, deleteType, refused) = call('DELETE', "${base}/1")
    assert deleteStatus == 405 && refused.contains('Method DELETE is not supported') : "DELETE /1 answered ${deleteStatus} ${refused}"
} finally {
    runtime.stopRuntime(home, projectDir)
}
return true
