def log = new File(basedir, 'build.log').text
assert log.contains("faas:remove deletes, but -Dfaas.setName=other on the command line is overridden by the POM's configuration ('pom-set'), so it would act on 'pom-set'") : 'overridden setName not refused'
assert log.contains("perhaps you should remove <setName> from the plugin's configuration") : 'no fix'
// refused before any session: the local runtime was not even started
assert !log.contains('Started the local runtime') : 'a session was opened'
return true
