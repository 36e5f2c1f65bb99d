// msgpackr catches this and uses its JavaScript decoder (see package.json).
throw new Error("msgpackr-extract is not installed in this project");
