/** Small server definitions for the API tests. */

export function weatherServer(name = 'weather') {
  return {
    server: {
      name,
      title: 'Weather',
      description: 'Forecasts by city',
      config: { units: 'metric' },
    },
    tools: [
      {
        name: 'get-forecast',
        description: 'Forecast for a city',
        args: [
          {
            name: 'city',
            description: 'City name',
            type: 'string',
            required: true,
            position: 'path',
          },
          { name: 'days', type: 'integer', default: 3, position: 'query' },
        ],
        requestTemplate: {
          url: 'https://api.example.test/forecast/{city}',
          method: 'GET',
          headers: [{ key: 'X-Units', value: '{{.config.units}}' }],
        },
        responseTemplate: { prependBody: 'Forecast:\n' },
      },
      {
        name: 'get-alerts',
        description: 'Weather alerts',
        args: [{ name: 'region', type: 'string', position: 'query' }],
        requestTemplate: { url: 'https://api.example.test/alerts', method: 'GET' },
      },
    ],
  };
}
