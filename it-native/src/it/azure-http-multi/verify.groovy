def rt = evaluate(new File(basedir, '../../../src/it/LocalRuntime.groovy'))
['http-example', 'create-todo'].each { rt.since(it) }
try {
    // four @FunctionName methods in one class: four functions, each at its own URL
    assert rt.http('GET', '/fn/http-example?name=Ada') == [200, 'Hello, Ada']
    assert rt.http('POST', '/fn/http-example', 'Grace') == [200, 'Hello, Grace']
    assert rt.http('GET', '/fn/http-example')[0] == 400
    assert rt.http('GET', '/fn/list-todos/todos') == [200, '["milk","eggs"]']
    assert rt.http('GET', '/fn/get-todo/todos/42') == [200, 'todo 42']
    assert rt.http('POST', '/fn/create-todo/todos', "bread ${rt.nonce}") == [201, "created bread ${rt.nonce}".toString()]
    assert rt.logOf('http-example').contains('Java HTTP trigger processed a request.')
    assert rt.logOf('create-todo').contains("created bread ${rt.nonce}")
    assert rt.packagedForOtherVendors(['http-example', 'list-todos', 'get-todo', 'create-todo'])
} finally {
    rt.stop()
}
return true
