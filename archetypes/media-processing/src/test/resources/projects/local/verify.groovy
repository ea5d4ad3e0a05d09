// Built, unit-tested and checked; then deployed to the local provider by goal.txt. Here: upload an image to the local
// bucket, find its thumbnail in the other bucket, and always stop the runtime that faas:deploy started.
import java.awt.Color
import java.awt.image.BufferedImage
import javax.imageio.ImageIO

def projectDir = binding.hasVariable('projectDir') ? binding.getVariable('projectDir') : context.projectDir
def runtime = new GroovyShell(getClass().classLoader).parse(new File(projectDir, '../../../LocalRuntimeIt.groovy'))
def home = runtime.home(projectDir)
try {
    def log = new File(projectDir, 'build.log').text
    assert log.contains('Tests run: 13, Failures: 0, Errors: 0') : 'the generated unit tests did not all run'
    assert log.contains('faas-maven-plugin:0.1.0-SNAPSHOT:check') : 'mvn verify did not run faas:check'
    assert new File(projectDir, '.gitignore').text.contains('target/')
    assert !new File(projectDir, 'gitignore').exists() : 'the post-generate script did not give gitignore its dot'

    def port = runtime.port(home)
    def base = "http://127.0.0.1:${port}/_buckets"

    System.setProperty('java.awt.headless', 'true')
    def image = new BufferedImage(400, 200, BufferedImage.TYPE_INT_RGB)
    def g = image.createGraphics()
    g.color = Color.RED
    g.fillRect(0, 0, 200, 200)
    g.color = Color.BLUE
    g.fillRect(200, 0, 200, 200)
    g.dispose()
    def png = new ByteArrayOutputStream()
    ImageIO.write(image, 'png', png)

    def put = new URL("${base}/uploads/images/it%20cat.png").openConnection()
    put.requestMethod = 'PUT'
    put.doOutput = true
    put.outputStream.withCloseable { it.write(png.toByteArray()) }
    def putAnswer = put.inputStream.text
    assert put.responseCode == 200 : "upload answered ${put.responseCode}"
    assert putAnswer.contains('"triggered":1') : "the upload triggered no function: ${putAnswer}"

    // the storage event is delivered asynchronously, as on every cloud: poll for the thumbnail
    BufferedImage thumbnail = null
    long deadline = System.currentTimeMillis() + 60_000
    while (thumbnail == null && System.currentTimeMillis() < deadline) {
        def get = new URL("${base}/thumbnails/images/it%20cat.png").openConnection()
        if (get.responseCode == 200) {
            thumbnail = ImageIO.read(get.inputStream)
        } else {
            Thread.sleep(200)
        }
    }
    assert thumbnail != null : 'no thumbnail appeared in bucket thumbnails within 60 s'
    assert thumbnail.width == 128 && thumbnail.height == 64
    assert new Color(thumbnail.getRGB(10, 32)) == Color.RED
    assert new Color(thumbnail.getRGB(118, 32)) == Color.BLUE
} finally {
    runtime.stopRuntime(home, projectDir)
}
return true

