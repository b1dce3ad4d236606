namespace DriverScript.Framework;
