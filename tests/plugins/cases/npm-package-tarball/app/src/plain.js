console.log("plain cli", [1, 2].map((x) => x * 3).join());
