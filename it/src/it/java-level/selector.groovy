// Java 21 class files need a JDK of 21 or later (invoker.javaHome in invoker.properties); without one the IT is
// skipped rather than failed.
def jdk = new File('/usr/lib/jvm/temurin-25-jdk-amd64/bin/java')
if (!jdk.canExecute()) {
    println "java-level: skipped, ${jdk} is missing"
}
return jdk.canExecute()
