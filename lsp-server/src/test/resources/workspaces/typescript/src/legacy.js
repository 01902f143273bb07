const { checkout } = require("./cart");

function runLegacy(cart) {
  return checkout(cart);
}

module.exports = { runLegacy };
