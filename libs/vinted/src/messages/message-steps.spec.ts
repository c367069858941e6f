import { messageStep, MessageStep, parseMessageStep } from './message-steps';

const SYNC = '5c1d1f7e-2b8a-4a57-9a51-0e6c2f3d8b44';

describe('message steps', () => {
  it.each<MessageStep>([
    { kind: 'inbox', syncId: SYNC, page: 3 },
    { kind: 'conversation', syncId: SYNC, conversationId: '9800000001' },
    { kind: 'reply', messageId: SYNC },
    { kind: 'reply-check', messageId: SYNC },
  ])('names and reads back %j', (step) => {
    expect(parseMessageStep(messageStep(step))).toEqual(step);
  });

  it.each([null, '', 'create-item', 'orders-page:x:1', 'messages-inbox:x:0', 'messages-inbox::1', 'message-reply:'])(
    'is not a step of messages: %j',
    (step) => {
      expect(parseMessageStep(step)).toBeUndefined();
    },
  );
});
