// Built, unit-tested, checked, deployed to the local provider with its cron schedule, and given a tick through
// faas:invoke. Here: fire the schedule by hand through the runtime's control API (as its owner: this IT's runtime
// home holds the token), read the job's report lines from the function's logs, then always stop the runtime.
def projectDir = binding.hasVariable('projectDir') ? binding.getVariable('projectDir') : context.projectDir
def runtime = new GroovyShell(getClass().classLoader).parse(new File(projectDir, '../../../LocalRuntimeIt.groovy'))
def home = runtime.home(projectDir)

try {
    def log = new File(projectDir, 'build.log').text
    assert new File(projectDir, '.gitignore').text.contains('target/')
    assert !new File(projectDir, 'gitignore').exists() : 'the post-generate script did not give gitignore its dot'
    assert log.contains('Tests run: 5, Failures: 0, Errors: 0') : 'the generated unit tests did not all run'
    assert log.contains('faas-maven-plugin:0.1.0-SNAPSHOT:check') : 'mvn verify did not run faas:check'
    assert log.contains('nightly-cleanup answered HTTP 200')
    def answer = new File(projectDir, 'target/tick.json').text
    assert answer.contains('"status":"handled"') : "the tick answered: ${answer}"

    def port = runtime.port(home)
    def token = runtime.token(home)
    def control = "http://127.0.0.1:${port}/_faas/functions/nightly-cleanup"
    def call = { String method, String url ->
        def c = new URL(url).openConnection()
        c.requestMethod = method
        c.setRequestProperty('Authorization', "Bearer ${token}".toString())
        assert c.responseCode < 300 : "${method} ${url} answered ${c.responseCode}"
        c.inputStream.text
    }

    def fired = call('POST', "${control}/fire")
    assert fired.contains('"queued":true') : "firing the schedule answered: ${fired}"
    long deadline = System.currentTimeMillis() + 60_000
    def logs = ''
    while (!(logs =~ /manual cleanup for (?!2026-11-27T02:00:00Z)/)) {
        assert System.currentTimeMillis() < deadline : "the fired tick logged no report; logs: ${logs}"
        Thread.sleep(200)
        logs = call('GET', "${control}/logs")
    }
    // the tick of faas:invoke: its scheduled time, the default 30-day retention, nothing stored yet
    assert logs.contains('manual cleanup for 2026-11-27T02:00:00Z: deleted 0 of 0 entries unused since 2026-10-28T02:00:00Z')
} finally {
    runtime.stopRuntime(home, projectDir)
}
return true

