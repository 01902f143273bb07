package store

type Item struct {
	Name  string
	Price int
}

func NewItem(name string, price int) Item {
	return Item{Name: name, Price: price}
}

func (i Item) Label() string {
	return i.Name
}
