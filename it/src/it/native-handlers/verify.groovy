// vendor-native handlers answered through the local gateway, with their own status codes
def aws = new File(basedir, 'target/aws.txt').text
assert aws == 'aws POST ada body1' : "aws-hello answered: ${aws}"
def gcf = new File(basedir, 'target/gcf.txt').text
assert gcf == 'gcf GET grace' : "gcf-hello answered: ${gcf}"
def log = new File(basedir, 'build.log').text
assert log.contains('aws-hello answered HTTP 201')
assert log.contains('gcf-hello answered HTTP 202')
return true
