/** The sample API's data: a few public-domain books, kept in memory. */
export interface Book {
  id: number;
  title: string;
  author: string;
  year: number;
  price: number;
  inStock: number;
  /** Cover colour. */
  rgb: [number, number, number];
}

export function initialBooks(): Book[] {
  return [
    {
      id: 1,
      title: 'Pride and Prejudice',
      author: 'Jane Austen',
      year: 1813,
      price: 9.5,
      inStock: 4,
      rgb: [180, 70, 90],
    },
    {
      id: 2,
      title: 'Moby-Dick',
      author: 'Herman Melville',
      year: 1851,
      price: 12,
      inStock: 2,
      rgb: [40, 90, 160],
    },
    {
      id: 3,
      title: 'Middlemarch',
      author: 'George Eliot',
      year: 1871,
      price: 11,
      inStock: 0,
      rgb: [90, 140, 80],
    },
    {
      id: 4,
      title: 'The Count of Monte Cristo',
      author: 'Alexandre Dumas',
      year: 1844,
      price: 14,
      inStock: 3,
      rgb: [120, 60, 150],
    },
    {
      id: 5,
      title: 'Emma',
      author: 'Jane Austen',
      year: 1815,
      price: 8.75,
      inStock: 5,
      rgb: [210, 150, 60],
    },
    {
      id: 6,
      title: 'Frankenstein',
      author: 'Mary Shelley',
      year: 1818,
      price: 7.25,
      inStock: 1,
      rgb: [70, 70, 70],
    },
  ];
}

/** A book as the API answers it (the cover colour is not part of it). */
export function bookJson(book: Book): Omit<Book, 'rgb'> {
  const { rgb: _rgb, ...rest } = book;
  return rest;
}
