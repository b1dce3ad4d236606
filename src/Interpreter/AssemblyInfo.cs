namespace DriverScript.Interpreter;
