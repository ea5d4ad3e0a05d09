// The function bodies came back through the local gateway over HTTP (faas:invoke wrote them to files).
def echo = new File(basedir, 'target/echo.txt').text
assert echo == 'echo:POST 42 hello' : "echo answered: ${echo}"
def sum = new File(basedir, 'target/sum.json').text
assert sum.replaceAll('\\s', '') == '{"sum":42,"count":3}' : "sum answered: ${sum}"
def log = new File(basedir, 'build.log').text
assert log.contains('/fn/echo') : 'faas:deploy printed no URL for echo'
assert log.contains('echo called with POST /') : 'faas:logs did not show the function log line'
assert log.contains('faas: local runtime stopped')
return true
