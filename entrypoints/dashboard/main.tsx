import { Dashboard } from '../../components/Dashboard';
import { downloadText, todayIn } from '../../lib/ui/download';
import { startPage } from '../../lib/ui/page';

void startPage(document.getElementById('root') as HTMLElement, ({ client, language }) => {
  const params = new URLSearchParams(location.search);
  return (
    <Dashboard
      language={language}
      today={todayIn(Intl.DateTimeFormat().resolvedOptions().timeZone, Date.now())}
      initialGroupId={params.get('group') ?? undefined}
      load={(query) => client.request('getDashboard', query)}
      drill={(query) => client.request('drillDown', query)}
      onExport={(fileName, csv) => downloadText(fileName, csv, 'text/csv')}
      onWeeklyReport={() => {
        location.href = `./report.html${location.search}`;
      }}
    />
  );
});
