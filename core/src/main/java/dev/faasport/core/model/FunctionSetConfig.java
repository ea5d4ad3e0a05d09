package dev.faasport.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A function set as configured: a name, set-level defaults and the functions. A mutable bean for the POM; an empty
 * function list means "discover them from the compiled classes".
 */
public class FunctionSetConfig {

    private String name;
    private SetDefaults defaults = new SetDefaults();
    private List<FunctionConfig> functions = new ArrayList<>();

    public FunctionSetConfig() {
    }

    public FunctionSetConfig(String name, SetDefaults defaults, List<FunctionConfig> functions) {
        this.name = name;
        setDefaults(defaults);
        setFunctions(functions);
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public SetDefaults getDefaults() { return defaults; }
    public void setDefaults(SetDefaults defaults) { this.defaults = defaults == null ? new SetDefaults() : defaults; }
    public List<FunctionConfig> getFunctions() { return functions; }
    public void setFunctions(List<FunctionConfig> functions) {
        this.functions = functions == null ? new ArrayList<>() : new ArrayList<>(functions);
    }
}
