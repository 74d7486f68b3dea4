import { Redirect, Route, Switch } from 'wouter';
import { MetaProvider } from './lib/meta';
import { Customers } from './pages/Customers';
import { Funnel } from './pages/Funnel';
import { Live } from './pages/Live';
import { Overview } from './pages/Overview';
import { Pipeline } from './pages/Pipeline';
import { Products } from './pages/Products';
import { Quality } from './pages/Quality';

export function App() {
  return (
    <MetaProvider>
      <Switch>
        <Route path="/overview" component={Overview} />
        <Route path="/funnel" component={Funnel} />
        <Route path="/products" component={Products} />
        <Route path="/customers" component={Customers} />
        <Route path="/live" component={Live} />
        <Route path="/quality" component={Quality} />
        <Route path="/pipeline" component={Pipeline} />
        <Route>
          <Redirect to="/overview" />
        </Route>
      </Switch>
    </MetaProvider>
  );
}
