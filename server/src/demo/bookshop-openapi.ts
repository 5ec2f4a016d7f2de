/** The sample API's OpenAPI description, naming the URL it is served at. */
export function bookshopOpenApi(serverUrl: string): Record<string, unknown> {
  const book = {
    type: 'object',
    required: ['id', 'title', 'author', 'year', 'price', 'inStock'],
    properties: {
      id: { type: 'integer', description: 'Book id' },
      title: { type: 'string' },
      author: { type: 'string' },
      year: { type: 'integer', description: 'Year of first publication' },
      price: { type: 'number', description: 'Price in euros' },
      inStock: { type: 'integer', description: 'Copies in stock' },
    },
  };
  const bookId = {
    name: 'bookId',
    in: 'path',
    required: true,
    description: 'The id of the book, as listBooks gives it',
    schema: { type: 'integer', minimum: 1 },
  };
  const notFound = {
    description: 'No book has this id',
    content: {
      'application/json': {
        schema: { type: 'object', properties: { error: { type: 'string' } } },
      },
    },
  };
  return {
    openapi: '3.0.3',
    info: {
      title: 'Demo bookshop',
      version: '1.0.0',
      description:
        'A small bookshop served by the MCP Gateway itself on loopback, for the offline demo.',
    },
    servers: [{ url: serverUrl }],
    tags: [{ name: 'books' }],
    paths: {
      '/books': {
        get: {
          operationId: 'listBooks',
          summary: 'List the books of the shop',
          description: 'Optionally only those of one author, or only those in stock.',
          tags: ['books'],
          parameters: [
            {
              name: 'author',
              in: 'query',
              description: 'Only books whose author contains this text (case-insensitive)',
              schema: { type: 'string' },
            },
            {
              name: 'inStock',
              in: 'query',
              description: 'Only books with copies in stock',
              schema: { type: 'boolean' },
            },
          ],
          responses: {
            200: {
              description: 'The books',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      books: { type: 'array', items: book },
                      total: { type: 'integer' },
                    },
                  },
                },
              },
            },
          },
        },
        post: {
          operationId: 'addBook',
          summary: 'Add a book to the shop',
          tags: ['books'],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['title', 'author'],
                  properties: {
                    title: { type: 'string', minLength: 1 },
                    author: { type: 'string', minLength: 1 },
                    year: { type: 'integer' },
                    price: { type: 'number', minimum: 0 },
                  },
                },
              },
            },
          },
          responses: {
            201: {
              description: 'The book added',
              content: { 'application/json': { schema: book } },
            },
            400: { description: 'The book is incomplete' },
          },
        },
      },
      '/books/{bookId}': {
        get: {
          operationId: 'getBook',
          summary: 'Get one book by its id',
          tags: ['books'],
          parameters: [bookId],
          responses: {
            200: { description: 'The book', content: { 'application/json': { schema: book } } },
            404: notFound,
          },
        },
      },
      '/books/{bookId}/cover': {
        get: {
          operationId: 'getBookCover',
          summary: 'The cover of a book, as a PNG image',
          tags: ['books'],
          parameters: [bookId],
          responses: {
            200: {
              description: 'The cover',
              content: { 'image/png': { schema: { type: 'string', format: 'binary' } } },
            },
            404: notFound,
          },
        },
      },
    },
  };
}
