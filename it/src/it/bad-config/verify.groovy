def log = new File(basedir, 'build.log').text
// one message per problem, each naming the function and the field
assert log.contains("it.bad.DoesNotExist") : 'missing handler class not reported'
assert log.contains("it.bad.NotAFunction") : 'unsupported handler shape not reported'
assert log.contains("twice") : 'duplicate name not reported'
assert log.contains("Bad_Name!") : 'invalid name not reported'
assert log.contains("nomemory") && log.contains("memory") && log.contains("timeout") : 'memory/timeout not reported'
assert log.contains("carrier-pigeon") : 'unknown trigger not reported'
assert log.contains("<memory> '512MB' is not a whole number, perhaps you should write digits only, e.g. <memory>512</memory>") : 'type error in <memory> not explained'
assert log.contains("<public> 'yes' is neither true nor false") : '<public>yes</public> accepted'
assert !log.contains("Cannot convert") : "Maven's conversion error instead of ours"
assert log.contains("perhaps you should") : 'no fix suggested'
// nothing was deployed: no package was even built
assert !new File(basedir, 'target/faas/local').exists() : 'packaging ran despite invalid configuration'
return true
