// Starts what a Knative user already has, on 127.0.0.1: an OCI registry (Debian's docker-registry) holding a base
// image (pushed here: nothing is pulled from the internet) and a Kubernetes API with Knative Serving (the test cluster
// from the knative provider's test-jar, whose controller pulls and runs each service's image). The Maven builds get
// their addresses as -D properties, as a CI job would pass them; verify.groovy stops both (a JVM shutdown hook does
// too, should a build fail first).
import dev.faasport.image.LocalRegistry
import dev.faasport.provider.knative.testing.KnativeTestCluster

import java.nio.file.Files

def work = new File(basedir, 'target/knative-it').toPath()
Files.createDirectories(work)
def registry = LocalRegistry.start(work.resolve('registry'))
def cluster = null
try {
    def base = registry.pushBaseImage('it/base:1', work.resolve('base'))
    cluster = KnativeTestCluster.start(work.resolve('cluster'), registry.host())
    // passed to every build of this project as -D properties
    def userProperties = context.get('userProperties')
    userProperties.put('faas.knative.endpoint', cluster.endpoint())
    userProperties.put('faas.image.registry', registry.host() + '/it')
    userProperties.put('faas.image.base', base)
} catch (Throwable t) {
    cluster?.close()
    registry.close()
    throw t
}
def running = [cluster, registry]
System.properties.put('faasport.it.knative', running)
Runtime.runtime.addShutdownHook(new Thread({ running.each { it.close() } }))
return true
