import groovy.json.JsonSlurper

// the class file says Java 21 (major version 65) although the POM says 17
def header = new File(basedir, 'target/classes/it/level/Hello.class').bytes
assert ((header[6] & 0xff) << 8 | (header[7] & 0xff)) == 65 : 'Hello.class is not a Java 21 class file'

def manifest = new JsonSlurper().parse(new File(basedir, 'target/faas/manifest.json'))
def settings = { provider -> manifest.providers[provider].units.collect { it.settings } }
settings('gcp').each { assert it['java.version'] == '21' && it['java.runtime'] == 'java25' : "gcp unit settings: ${it}" }
settings('azure').each { assert it['java.version'] == '21' && it['java.runtime'] == '21' : "azure unit settings: ${it}" }
settings('local').each { assert it['java.version'] == '21' && !it.containsKey('java.runtime') : "local: ${it}" }
// the second build packaged aws again with aws.runtime=java17: that is what would be deployed, so the check refused it
settings('aws').each { assert it['java.runtime'] == 'java17' : "aws unit settings: ${it}" }

def log = new File(basedir, 'build.log').text
assert log.contains('aws: Java runtime java25 for every function (classes: Java 21)') : 'no AWS runtime line in the log'
assert log.contains('gcp (gen2): Java runtime java25 for every function (classes: Java 21)') : 'no Google runtime line in the log'
assert log.contains('azure (consumption): Java runtime 21 (Java 21) for every function (classes: Java 21)') : 'no Azure runtime line'
assert log.contains('local: Java runtime jvm (Java 25) for every function (classes: Java 21)') : 'no local runtime line'
assert log.contains("Function 'hello' does not fit AWS Lambda: Java runtime java17 cannot run Java 21 class files")
assert log.contains('perhaps you should set aws.runtime to java25 or java21')

def report = new File(basedir, 'target/faas/check-report.md').text
assert report.contains('## Java runtimes') && report.contains('aws: Java runtime java17 for every function')
assert report.contains('**VIOLATION**')
return true
