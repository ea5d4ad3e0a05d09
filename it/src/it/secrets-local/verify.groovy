import java.security.MessageDigest
import java.util.zip.ZipInputStream

// the function answered a value derived from the secret it read through its reference
def secret = new File(basedir, 'secret-value.txt').text
def digest = MessageDigest.getInstance('SHA-256').digest(secret.getBytes('UTF-8')).encodeHex().toString().substring(0, 12)
def answer = new File(basedir, 'target/reader.txt').text
assert answer == "hi ${digest}" : "reader answered: ${answer}"

// no produced file (packages and their entries, manifest, reports, logs) holds the secret's bytes
def needle = secret.getBytes('UTF-8')
def holds
holds = { String name, byte[] bytes ->
    def found = []
    if (Collections.indexOfSubList(bytes as List, needle as List) >= 0) found << name
    if (bytes.length > 4 && bytes[0] == 0x50 && bytes[1] == 0x4b && bytes[2] == 3 && bytes[3] == 4) {
        def zip = new ZipInputStream(new ByteArrayInputStream(bytes))
        def e
        while ((e = zip.nextEntry) != null) {
            if (!e.directory) found.addAll(holds(name + '!' + e.name, zip.readAllBytes()))
        }
    }
    found
}
def leaks = []
new File(basedir, 'target').eachFileRecurse { f -> if (f.isFile()) leaks.addAll(holds(f.path, f.bytes)) }
leaks.addAll(holds('build.log', new File(basedir, 'build.log').bytes))
assert leaks.isEmpty() : "the secret's bytes are in ${leaks}"
def log = new File(basedir, 'build.log').text
assert log.contains("faas: secret 'reader-password' stored in")
assert log.contains('faas: local runtime stopped')
return true
