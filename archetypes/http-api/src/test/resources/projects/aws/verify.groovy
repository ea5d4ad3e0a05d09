// a project generated with AWS as its default provider passes faas:check and faas:package for every zip target
def projectDir = binding.hasVariable('projectDir') ? binding.getVariable('projectDir') : context.projectDir
def log = new File(projectDir, 'build.log').text
assert log.contains('faas-maven-plugin:0.1.0-SNAPSHOT:check') : 'mvn verify did not run faas:check'
def report = new File(projectDir, 'target/faas/check-report.md').text
assert report.contains('catalog') && report.contains('aws') && report.contains('azure')
assert new File(projectDir, 'target/faas/aws/catalog.zip').length() > 0 : 'no Lambda package'
assert new File(projectDir, 'target/faas/azure').listFiles().any { it.name.endsWith('.zip') } : 'no Azure app package'
return true
