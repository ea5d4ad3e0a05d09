package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

// Handler value: example.HandlerPojo::handleRequest (a POJO in and out, no interface)
public class HandlerPojo {

    public static class Person {
        private String name;
        private int age;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public int getAge() {
            return age;
        }

        public void setAge(int age) {
            this.age = age;
        }
    }

    public static class Greeting {
        private String message;

        public Greeting() {
        }

        public Greeting(String message) {
            this.message = message;
        }

        public String getMessage() {
            return message;
        }

        public void setMessage(String message) {
            this.message = message;
        }
    }

    public Greeting handleRequest(Person person, Context context) {
        LambdaLogger logger = context.getLogger();
        logger.log("greeting " + person.getName());
        return new Greeting("Hello " + person.getName() + ", you are " + person.getAge());
    }
}
