package main

import "example.com/shop/store"

func main() {
	c := &store.Cart{}
	c.Add(store.NewItem("pen", 3))
	println(store.Checkout(c))
}
