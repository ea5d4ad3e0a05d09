// Shared by the archetype ITs that deploy to the local provider: the archetypes' pom copies it to
// target/test-classes/projects/, and verify.groovy parses it with new GroovyShell().parse(file).

// The runtime home of this archetype's ITs (faas.local.home: <module>/target/faas-local-home), from the generated
// project's directory <module>/target/test-classes/projects/<it>/project/<artifactId>.
File home(File projectDir) {
    new File(projectDir, '../../../../../faas-local-home').canonicalFile
}

// The gateway port the runtime chose (it was started with faas.local.port=0), from daemon.json in its home.
int port(File home) {
    (new File(home, 'daemon.json').text =~ /"port"\s*:\s*(\d+)/)[0][1] as int
}

// The owner token of this IT's runtime home, for the control API (/_faas/...).
String token(File home) {
    new File(home, 'token').text.trim()
}

// Stops the runtime this IT started: its control API's shutdown, then waits for the process to end; falls back to
// mvn faas:stop when that fails.
void stopRuntime(File home, File projectDir) {
    try {
        def daemon = new File(home, 'daemon.json')
        if (!daemon.exists()) {
            return
        }
        int gatewayPort = port(home)
        String ownerToken = token(home)
        def ping = new URL("http://127.0.0.1:${gatewayPort}/_faas/ping").openConnection()
        ping.setRequestProperty('Authorization', "Bearer ${ownerToken}".toString())
        long pid = ((ping.inputStream.text =~ /"pid"\s*:\s*(\d+)/)[0][1]) as long
        def shutdown = new URL("http://127.0.0.1:${gatewayPort}/_faas/shutdown").openConnection()
        shutdown.requestMethod = 'POST'
        shutdown.setRequestProperty('Authorization', "Bearer ${ownerToken}".toString())
        if (shutdown.responseCode != 200) {
            throw new IOException("shutdown answered HTTP ${shutdown.responseCode}")
        }
        def process = ProcessHandle.of(pid)
        if (process.isPresent()) {
            process.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS)
        }
        println "stopped the local runtime (pid ${pid}) through its control API"
    } catch (Exception e) {
        println "stopping the local runtime through its control API failed (${e}), using faas:stop"
        def mvn = new File(System.getProperty('maven.home'), 'bin/mvn').path
        def stop = new ProcessBuilder(mvn, '-B', '-q', 'faas:stop', "-Dfaas.local.home=${home}".toString())
                .directory(projectDir).redirectErrorStream(true).start()
        def out = stop.inputStream.text
        assert stop.waitFor() == 0 : "stopping the local runtime failed (${e}), and so did faas:stop: ${out}"
    }
}
