// a project generated with a cloud as its default provider passes faas:check and faas:package for that cloud
def projectDir = binding.hasVariable('projectDir') ? binding.getVariable('projectDir') : context.projectDir
def log = new File(projectDir, 'build.log').text
assert log.contains('faas-maven-plugin:0.1.0-SNAPSHOT:check') : 'mvn verify did not run faas:check'
assert new File(projectDir, 'target/faas/check-report.md').text.contains('catalog')
assert new File(projectDir, 'target/faas/gcp/catalog.zip').length() > 0 : 'no Google Cloud Functions package'
return true
