package it.bad;

public class NotAFunction {
    public String hello() {
        return "I am not a function";
    }
}
