package com.example.aws;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Plain handler methods, named in handler strings (com.example.aws.Greeter::greet), as Lambda allows. */
public class Greeter {

    /** A POJO in (public fields) and out. */
    public static class Person {
        public String name;
        public int age;
    }

    public static class Greeting {
        public String message;
        public String requestId;
    }

    public Greeting greet(Person person, Context context) {
        if (person.name == null) throw new IllegalArgumentException("who?");
        Greeting g = new Greeting();
        g.message = "hello " + person.name + " (" + person.age + ")";
        g.requestId = context.getAwsRequestId();
        context.getLogger().log("greeted " + person.name);
        return g;
    }

    public Integer twice(Integer n) {
        return n * 2;
    }

    public String shout(String text, Context context) {
        return text.toUpperCase(java.util.Locale.ROOT);
    }

    public void echo(InputStream in, OutputStream out, Context context) throws IOException {
        byte[] body = in.readAllBytes();
        out.write(("{\"echo\":" + new String(body, StandardCharsets.UTF_8) + ",\"fn\":\"" + context.getFunctionName() + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
