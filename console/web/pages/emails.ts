import type { EmailsView } from '../../api';
import { clock, h, replace } from '../dom';
import type { Page, PageContext } from '../page';

/** The captured emails; the open one as the customer would see it, in a frame that can run nothing. */
export function emailsPage(context: PageContext): Page {
  const list = h('div', { class: 'list' }, h('p', { class: 'muted' }, 'reading the captured emails…'));
  const viewer = h('div', { class: 'viewer' }, h('p', { class: 'muted' }, 'Choose an email.'));
  let open = context.path[0] ? decodeURIComponent(context.path[0]) : undefined;
  let last: EmailsView | undefined;

  const draw = () => {
    if (!last) return;
    replace(
      list,
      last.emails.length === 0 ? h('p', { class: 'muted' }, 'No captured emails yet.') : null,
      last.emails.map((e) =>
        h(
          'a',
          {
            class: `email-row${e.messageId === open ? ' open' : ''}`,
            href: `#/emails/${encodeURIComponent(e.messageId)}`,
            'data-message-id': e.messageId,
            'data-to': e.to.join(','),
          },
          h('span', { class: 'muted' }, `${e.sentAt.slice(0, 10)} ${clock(e.sentAt)}`),
          h('strong', {}, e.subject),
          h('span', {}, e.to.join(', ')),
        ),
      ),
    );
    const email = last.emails.find((e) => e.messageId === open);
    if (!email) return;
    if (viewer.dataset.messageId === email.messageId) return;
    viewer.dataset.messageId = email.messageId;
    replace(
      viewer,
      h(
        'dl',
        { class: 'email-meta' },
        h('dt', {}, 'From'),
        h('dd', {}, email.from),
        h('dt', {}, 'To'),
        h('dd', {}, email.to.join(', ')),
        h('dt', {}, 'Subject'),
        h('dd', { class: 'subject' }, email.subject),
        h('dt', {}, 'Sent'),
        h('dd', {}, new Date(email.sentAt).toString()),
      ),
      // No allow-scripts, no allow-same-origin: the email's document runs nothing and reaches nothing.
      h('iframe', {
        sandbox: '',
        src: `/emails/${encodeURIComponent(email.messageId)}`,
        title: email.subject,
        referrerpolicy: 'no-referrer',
      }),
    );
  };

  return {
    feeds: ['emails'],
    render: (root) => replace(root, h('h1', {}, 'Emails'), h('div', { class: 'split' }, list, viewer)),
    update: (_feed, data) => {
      last = data as EmailsView;
      open ??= last.emails[0]?.messageId;
      draw();
    },
  };
}
