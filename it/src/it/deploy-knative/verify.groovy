// The functions answered from their images, run by the cluster; the second deploy changed nothing; the logs came
// from the service's pod; remove deleted both services and the cluster stopped their processes.
def running = System.properties.get('faasport.it.knative')
def cluster = running[0]
try {
    def greet = new File(basedir, 'target/greet.txt').text
    assert greet == 'Bonjour, Knative' : "greet answered: ${greet}"
    def count = new File(basedir, 'target/wordcount.json').text
    assert count.replaceAll('\\s', '') == '{"words":5}' : "wordcount answered: ${count}"

    def logs = new File(basedir, 'build.log').text
    assert logs.contains('Creating Knative Service greet from ') : 'the first deploy created no service'
    assert logs.contains('http://127.0.0.1:') : 'faas:info printed no service URL'
    assert !logs.contains('Updating Knative Service') : 'the unchanged second deploy updated a service'
    assert logs.contains('greeting Knative') : 'faas:logs did not show the function log line'
    assert logs.contains('Deleting Knative Service greet') && logs.contains('Deleting Knative Service wordcount')

    assert cluster.revisions().collect { it.service() }.sort() == ['greet', 'wordcount'] : "revisions: ${cluster.revisions()}"
    def deadline = System.currentTimeMillis() + 10000
    while (cluster.revisions().any { it.process().isAlive() } && System.currentTimeMillis() < deadline) {
        Thread.sleep(50)
    }
    assert cluster.revisions().every { !it.process().isAlive() } : 'a removed service still runs'
} finally {
    running.each { it.close() }
    System.properties.remove('faasport.it.knative')
}
return true
