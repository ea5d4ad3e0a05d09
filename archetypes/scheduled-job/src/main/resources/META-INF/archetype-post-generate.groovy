// The archetype jar drops dot files, so the project's .gitignore ships as "gitignore" and gets its dot here, after
// generation: a required property would do it too, but archetype:generate shows every property in its prompt.
def project = new File(request.outputDirectory, request.artifactId)
def shipped = new File(project, 'gitignore')
if (shipped.isFile() && !shipped.renameTo(new File(project, '.gitignore'))) {
    throw new IllegalStateException("could not rename ${shipped} to .gitignore")
}
