from shop.cart import Cart, checkout
from shop.models import make_item


def main():
    cart = Cart()
    cart.add(make_item("pen", 3))
    print(checkout(cart))
