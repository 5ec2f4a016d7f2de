// Representative upstream responses for the corpus tools whose response template reads the
// response (written by hand from each tool's description, since these servers have no
// api.json), with values the rendered output must contain.
export interface HandResponse {
  /** Absent for a tool without an upstream call (its response template sees {config, args}). */
  response?: unknown;
  /** Strings the rendered response template must contain. */
  mustContain: string[];
}

const blockscout = (data: unknown, extra: Record<string, unknown> = {}): HandResponse => {
  const response = {
    data,
    data_description: ['Fields of the result'],
    notes: null,
    instructions: ['Use chain_id 1 for Ethereum'],
    pagination: null,
    ...extra,
  };
  return { response, mustContain: [JSON.stringify(response)] };
};

export const HAND_RESPONSES: Record<string, Record<string, HandResponse>> = {
  'mcp-blockscout': {
    __get_instructions__: blockscout({
      version: '0.4.0',
      server_instructions: 'Always pass chain_id',
    }),
    get_block_info: blockscout({
      height: 19000000,
      hash: '0x7f3a9c',
      timestamp: '2024-01-13T08:00:11Z',
      gas_used: '12000000',
      transactions_count: 152,
    }),
    get_latest_block: blockscout({ block_number: 19000123, timestamp: '2024-01-13T08:25:00Z' }),
    get_address_by_ens_name: blockscout({
      resolved_address: '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045',
    }),
    get_transactions_by_address: blockscout(
      [
        {
          hash: '0xaa01',
          from: '0x01',
          to: '0x02',
          value: '1000000000000000000',
          method: 'transfer',
        },
      ],
      {
        pagination: {
          next_call: {
            tool_name: 'get_transactions_by_address',
            params: { cursor: 'eyJwYWdlIjoyfQ' },
          },
        },
      },
    ),
    get_token_transfers_by_address: blockscout([
      { hash: '0xbb02', token: { symbol: 'USDC' }, total: { value: '2500000' } },
    ]),
    lookup_token_by_symbol: blockscout([
      { address: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', name: 'USD Coin', symbol: 'USDC' },
    ]),
    get_contract_abi: blockscout({
      abi: [{ type: 'function', name: 'balanceOf', inputs: [{ name: 'owner', type: 'address' }] }],
    }),
    get_address_info: blockscout({
      basic_info: { hash: '0x01', coin_balance: '42', is_contract: false },
      metadata: null,
    }),
    get_tokens_by_address: blockscout([
      { address: '0xtoken', name: 'Dai', symbol: 'DAI', balance: '1000' },
    ]),
    transaction_summary: blockscout({
      summary: [
        {
          summary_template: '{sender} transferred {amount} ETH',
          summary_template_variables: { amount: { type: 'currency', value: '1.5' } },
        },
      ],
    }),
    nft_tokens_by_address: blockscout([{ token: { name: 'Punks', type: 'ERC-721' }, amount: '1' }]),
    get_transaction_info: blockscout({
      hash: '0xcc03',
      status: 'ok',
      block: 19000000,
      fee: { value: '21000' },
    }),
    get_transaction_logs: blockscout([
      { address: '0xlog', topics: ['0xddf252ad'], data: '0x', decoded: null },
    ]),
    get_address_logs: blockscout([
      { block_number: 18999999, transaction_hash: '0xdd04', topics: ['0x8c5be1e5'] },
    ]),
    get_chains_list: blockscout([
      { name: 'Ethereum', chain_id: '1' },
      { name: 'Base', chain_id: '8453' },
    ]),
  },
  'mcp-chatppt': {
    check: {
      response: { code: 200, msg: 'success', body: 'key-valid-until-2025' },
      mustContain: ['"apiKey": "key-valid-until-2025"'],
    },
    query_ppt: {
      response: {
        code: 200,
        msg: 'success',
        body: { status: 'processing', process_url: 'https://chatppt.example/progress/ppt-7788' },
      },
      mustContain: [
        '"status": "processing"',
        '"process_url": "https://chatppt.example/progress/ppt-7788"',
      ],
    },
    build_ppt: {
      response: { code: 200, msg: 'success', body: 'ppt-7788' },
      mustContain: ['"ppt_id": "ppt-7788"'],
    },
    replace_template_ppt: {
      response: { code: 200, msg: 'success', body: 'ppt-9900' },
      mustContain: ['"new_ppt_id": "ppt-9900"'],
    },
    download_ppt: {
      response: { code: 200, msg: 'success', body: 'https://chatppt.example/files/ppt-7788.pptx' },
      mustContain: ['"download_url": "https://chatppt.example/files/ppt-7788.pptx"'],
    },
    editor_ppt: {
      response: { code: 200, msg: 'success', body: 'https://chatppt.example/editor/ppt-7788' },
      mustContain: ['"editor_url": "https://chatppt.example/editor/ppt-7788"'],
    },
  },
  'mcp-context7': {
    'resolve-library-id': {
      response: {
        results: [
          {
            id: '/vercel/next.js',
            title: 'Next.js',
            description: 'The React Framework',
            totalSnippets: 3200,
          },
          {
            id: '/facebook/react',
            title: 'React',
            description: 'A JavaScript library for building user interfaces',
          },
        ],
      },
      mustContain: [
        '## 结果 1',
        '- **id**: /vercel/next.js',
        '- **title**: Next.js',
        '## 结果 2',
        '- **description**: A JavaScript library for building user interfaces',
      ],
    },
  },
  'mcp-e2bdev': {
    create_sandbox: {
      response: { sandboxID: 'sbx-41a2', clientID: 'c9f0', templateID: 'base', alias: 'base' },
      mustContain: ['"sandboxID": "sbx-41a2-c9f0"'],
    },
  },
  'mcp-notion': {
    getUser: {
      response: {
        object: 'user',
        id: 'u-1001',
        type: 'person',
        name: 'Ada Lovelace',
        avatar_url: 'https://img.example/ada.png',
        person: { email: 'ada@example.com' },
      },
      mustContain: [
        '- **ID**: u-1001',
        '- **名称**: Ada Lovelace',
        '- **邮箱**: ada@example.com',
        '[链接](https://img.example/ada.png)',
      ],
    },
    listUsers: {
      response: {
        object: 'list',
        results: [
          {
            object: 'user',
            id: 'u-1',
            type: 'person',
            name: 'Ada',
            last_edited_time: '2024-05-01T10:00:00.000Z',
          },
          { object: 'user', id: 'u-2', type: 'bot', name: 'Helper Bot' },
        ],
        has_more: false,
      },
      mustContain: [
        '用户列表(共2项)',
        '### Ada',
        '- 最后编辑时间: 2024-05-01T10:00:00.000Z',
        '### Helper Bot',
        '- 类型: bot',
      ],
    },
    getCurrentUser: {
      response: {
        object: 'user',
        id: 'b-1',
        type: 'bot',
        bot: {
          owner: {
            type: 'user',
            user: { name: 'Grace Hopper', person: { email: 'grace@example.com' } },
          },
        },
      },
      mustContain: ['- **身份类型**: bot', '- **所属者**: Grace Hopper (grace@example.com)'],
    },
    queryDatabase: {
      response: {
        object: 'list',
        results: [
          {
            id: 'p-1',
            created_time: '2024-04-01T08:00:00.000Z',
            last_edited_time: '2024-04-02T09:00:00.000Z',
            properties: { Name: { title: { plain_text: 'Quarterly plan' } } },
          },
        ],
      },
      mustContain: [
        '### Quarterly plan',
        '- 创建时间: 2024-04-01T08:00:00.000Z',
        '- 最后编辑时间: 2024-04-02T09:00:00.000Z',
      ],
    },
    search: {
      response: {
        object: 'list',
        results: [
          {
            object: 'page',
            id: 'p-2',
            title: { plain_text: 'Meeting notes' },
            last_edited_time: '2024-03-03T03:03:00.000Z',
          },
        ],
      },
      mustContain: [
        '### Meeting notes',
        '- 类型: page',
        '- 最后编辑时间: 2024-03-03T03:03:00.000Z',
      ],
    },
    getBlock: {
      response: {
        object: 'block',
        id: 'blk-1',
        type: 'paragraph',
        created_time: '2024-02-02T02:02:00.000Z',
        last_edited_time: '2024-02-03T02:02:00.000Z',
      },
      mustContain: ['- 类型: paragraph', '- 创建时间: 2024-02-02T02:02:00.000Z'],
    },
    updateBlock: {
      response: { object: 'block', id: 'blk-2', type: 'to_do' },
      mustContain: ['- 块ID: blk-2'],
    },
    deleteBlock: {
      response: { object: 'block', id: 'blk-3', archived: true },
      mustContain: ['## 删除结果', '- 状态: 成功'],
    },
    getPage: {
      response: {
        object: 'page',
        id: 'pg-1',
        created_time: '2024-01-01T00:00:00.000Z',
        last_edited_time: '2024-01-05T00:00:00.000Z',
        properties: { title: { title: { plain_text: 'Roadmap' } } },
      },
      mustContain: ['- 标题: Roadmap', '- 最后编辑时间: 2024-01-05T00:00:00.000Z'],
    },
    updatePage: { response: { object: 'page', id: 'pg-2' }, mustContain: ['- 页面ID: pg-2'] },
    createDatabase: {
      response: {
        object: 'database',
        id: 'db-1',
        title: { plain_text: 'Tasks' },
        created_time: '2024-06-01T00:00:00.000Z',
      },
      mustContain: ['- 数据库ID: db-1', '- 标题: Tasks', '- 创建时间: 2024-06-01T00:00:00.000Z'],
    },
    updateDatabase: {
      response: { object: 'database', id: 'db-2', title: { plain_text: 'Renamed tasks' } },
      mustContain: ['- 数据库ID: db-2', '- 新标题: Renamed tasks'],
    },
    getDatabase: {
      response: {
        object: 'database',
        id: 'db-3',
        title: { plain_text: 'Inventory' },
        created_time: '2024-07-01T00:00:00.000Z',
        last_edited_time: '2024-07-02T00:00:00.000Z',
        properties: {
          Name: { type: 'title' },
          Count: { type: 'number' },
          Tags: { type: 'multi_select' },
        },
      },
      mustContain: ['- 标题: Inventory', '- 属性数量: 3'],
    },
    getPageProperty: {
      response: {
        object: 'list',
        results: [
          { object: 'property_item', type: 'number', value: 42 },
          { object: 'property_item', type: 'rich_text', value: 'hello' },
        ],
      },
      mustContain: ['- 类型: number', '- 值: 42', '- 值: hello'],
    },
    createComment: {
      response: {
        object: 'comment',
        id: 'cm-1',
        created_time: '2024-08-08T08:08:00.000Z',
        rich_text: { text: { content: 'Looks good' } },
      },
      mustContain: ['- 评论ID: cm-1', '- 内容: Looks good'],
    },
  },
  'mcp-time': {
    // Rendered with the clock fixed at 2024-05-06T07:08:09Z and timeZone Asia/Shanghai.
    'get-current-time': { mustContain: ['Monday, 2024-05-06 15:08:09'] },
  },
  'mcp-openweather': {
    get_weather: {
      response: {
        name: 'London',
        weather: [{ id: 500, main: 'Rain', description: 'light rain' }],
        main: { temp: 12.5, humidity: 81 },
        wind: { speed: 4.1 },
      },
      mustContain: [
        '"description": "light rain"',
        '"temperature": 12.5',
        '"humidity": 81',
        '"wind_speed": 4.1',
      ],
    },
    get_weather_forecast: {
      response: {
        cnt: 2,
        list: [
          {
            dt_txt: '2024-05-06 12:00:00',
            weather: [{ description: 'clear sky' }],
            main: { temp_min: 10.1, temp_max: 15.3, humidity: 60 },
            wind: { speed: 3.2 },
          },
          {
            dt_txt: '2024-05-06 15:00:00',
            weather: [{ description: 'few clouds' }],
            main: { temp_min: 11, temp_max: 16.4, humidity: 55 },
            wind: { speed: 2.7 },
          },
        ],
      },
      mustContain: [],
    },
  },
};
